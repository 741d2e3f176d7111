from django.urls import reverse
from rest_framework import serializers

from nominations.models import Document


class DocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id", "kind", "version", "original_name", "content_type", "size", "sha256",
            "uploaded_at", "download_url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_download_url(self, document) -> str:
        return reverse(
            "api:nomination-document-download",
            kwargs={"pk": document.nomination_id, "document_id": document.pk},
        )


class DocumentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Document.Kind.choices)
    file = serializers.FileField(allow_empty_file=True)
