"""Text analytics for draft documents and their comments, without Django.

- :mod:`.normalize`: Vietnamese normalisation and syllable segmentation;
- :mod:`.paragraphs`: a draft's text (Markdown or DOCX) as numbered sections
  and paragraphs;
- :mod:`.diff`: two versions aligned paragraph by paragraph, a word diff, and
  where a comment's anchor lands in the next version;
- :mod:`.aggregate`: exact and near duplicates grouped, then clustered by
  content.
"""
