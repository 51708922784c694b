"""The ballot paper as data, shared by the printer and the scanner.

- :mod:`.layout`: ``ballot_layout(definition)``, where every box of the
  ballot is, in millimetres;
- :mod:`.code`: the QR code's payload and ``definition_hash``.

No drawing library and no image library: ``documents.ballot_pdf`` draws
these boxes, ``core.scanning`` and ``core.adjudication`` read them.
"""
