from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Uploaded documents on local disk, with no public URL: every download goes through
    a view that checks the user's scope and writes an audit event."""

    def url(self, name):
        raise ValueError("Documents are private: download them through the application.")
