import pytest
from django.urls import resolve, reverse

from tests import factories


@pytest.fixture
def site():
    """The admin site mounted at /admin/, whichever class it is."""
    return resolve(reverse("admin:index")).func.admin_site


@pytest.fixture
def superuser(db):
    """A Secretariat officer who also administers the system: the service still checks
    the role, so a superuser without one could take no transition."""
    user = factories.account("secretariat", email="root@nomina.test")
    user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def secretariat_client(client, secretariat):
    client.force_login(secretariat)
    return client
