"""The accepted document types: (content type, extension)."""

PDF = ("application/pdf", "pdf")
DOCX = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
ODT = ("application/vnd.oasis.opendocument.text", "odt")

EXTENSIONS = dict((PDF, DOCX, ODT))
