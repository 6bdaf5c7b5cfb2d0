def test_healthz_answers_ok_without_a_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_home_sends_anonymous_visitors_to_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_home_greets_a_signed_in_member(client, member):
    client.force_login(member)
    response = client.get("/")
    assert response.status_code == 200
    assert "Mona Member" in response.content.decode()
