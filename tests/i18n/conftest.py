import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def back_to_the_default_language():
    """A request through the test client leaves its language active in the thread (the
    LocaleMiddleware activates it and nothing deactivates it): the tests after these would
    run in Spanish."""
    yield
    translation.deactivate()
