"""Congress papers: what the secretariat publishes to the delegates' phones.

A paper (report, draft, programme, list, resolution draft, other) of one
congress, with numbered versions: an uploaded PDF or DOCX, or a version of a
draft of the consultation app, copied as text when it is published. The
delegate reads the published papers through the vote link they already hold
(``/v/<token>/papers/``); a service worker scoped to that path keeps what was
opened readable without the network. See docs/papers.md.
"""
