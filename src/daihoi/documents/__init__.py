"""Official documents: the ballot paper, the minutes and the reports.

Pure Python on ReportLab and python-docx; no Django, and of daihoi only
``core``. Import from the modules (this package imports none of them). The
ballot's geometry and its QR code are in ``core.ballots``, shared with the
scanner, which must not load ReportLab:

- :mod:`.ballot_pdf`: ``render_ballot_pdf(definition, header=…)``, drawn
  on ``core.ballots.layout``;
- :mod:`.layout`: the Party's document layout shared by the written
  documents: paragraphs and tables as data, the header, the signatures,
  ``render_pdf`` and ``render_docx``;
- :mod:`.minutes`: ``render_minutes_pdf`` and ``render_minutes_docx`` for
  the counting minutes (biên bản kiểm phiếu);
- :mod:`.nomination`: ``step_ballot_pdf``, ``step_minutes_pdf`` and
  ``step_minutes_docx`` for a personnel introduction step (confidential);
- :mod:`.congress_minutes`: the congress minutes and resolution;
- :mod:`.comment_report`: the report on the comments on a draft;
- :mod:`.review_table`: the review of a term's targets (DOCX, charts);
- :mod:`.fonts`: the serif font with every Vietnamese letter;
- :mod:`.command`: ``run_ballots_print``, the ``daihoi ballots print``
  command.
"""
