import pytest

from tests import factories

from . import helpers


@pytest.fixture
def panel(db):
    """Three executive members with nationalities (none shared with the field's)."""
    return [factories.account("executive", email=f"member{i}@nomina.test") for i in (1, 2, 3)]


@pytest.fixture
def field(db, panel):
    """A DDG post in shortlisting with four eligible candidates:

    - Claire Dubois (FRA, woman): rated 4,4,5 / 2,3,3 / 3,5,4 by the three members
    - Juan Pérez (MEX, man, MEX not represented): rated 3,3,3 by each
    - Amina Wanjiru (KEN, woman, KEN not represented): rated by member 1 only
    - Jonas Berg (NOR, man): not rated
    """
    fra = helpers.state("FRA")
    mex = helpers.state("MEX", represented=False, region="Americas", language="es")
    ken = helpers.state("KEN", represented=False, region="Africa")
    nor = helpers.state("NOR")
    post = helpers.post_in_shortlisting(grade="DDG")
    claire = helpers.eligible(post, "Claire Dubois", fra, gender="female")
    juan = helpers.eligible(post, "Juan Pérez", mex, gender="male")
    amina = helpers.eligible(post, "Amina Wanjiru", ken, gender="female")
    jonas = helpers.eligible(post, "Jonas Berg", nor, gender="male")
    m1, m2, m3 = panel
    helpers.rate(m1, claire, [4, 2, 3])
    helpers.rate(m2, claire, [4, 3, 5])
    helpers.rate(m3, claire, [5, 3, 4])
    for member in panel:
        helpers.rate(member, juan, [3, 3, 3])
    helpers.rate(m1, amina, [5, 5, 5])
    return {
        "post": post,
        "claire": claire,
        "juan": juan,
        "amina": amina,
        "jonas": jonas,
        "states": {"FRA": fra, "MEX": mex, "KEN": ken, "NOR": nor},
    }
