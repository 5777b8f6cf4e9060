"""Documents: the PDFs of a release, read as a reader's PDF viewer would, and their fake-redaction checks.

``pdf`` reads pages with PDFium (the engine of Chrome's viewer): text per page, and text that is in the
file but does not show on the rendered page. ``structure`` reads the file's objects with pypdf: metadata,
annotations, actions, attachments, forms and earlier revisions. ``inspect`` puts both together: what the
core shows of a document and what the build refuses to publish; the gate runs it again on the staged file.
"""
