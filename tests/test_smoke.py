"""A visitor reaches a territory's site: its home page with the territory's name, Czech errors."""

from tests.factories import make_territory


def test_a_visitor_reaches_the_territory_home_page(db, client):
    make_territory("ORP Kouřim", hostname="testserver", default_site=True)

    home = client.get("/")
    assert home.status_code == 200
    assert "ORP Kouřim" in home.content.decode()
    assert 'lang="cs"' in home.content.decode()
    missing = client.get("/tato-stranka-neexistuje/")
    assert missing.status_code == 404
    assert "Stránka nenalezena" in missing.content.decode()
