"""The internal and the external Genesys Auth URL (gws_auth_url, gws_auth_external_url; docs/api.md, I1 and DB1).

Services reach Genesys Auth at gws_auth_url (IWD's authUrl, nex_gapis.authinturl); browsers at
gws_auth_external_url (IWD's authredircetUrl, nex_gapis.authexturl), which defaults to gws_auth_url.
"""

from test_playbooks import writes_since

EXTERNAL = "https://gauth.example.com"


def auth_urls(inventory, ccid):
    state = inventory.sandbox.state()
    gapi = next(s for s in state["services"] if s["name"] == "GAPI" and s["ccid"] == ccid)["data"]
    rows = [(row["authinturl"], row["authexturl"]) for row in state["nex_gapis"]]
    return gapi, rows


def test_external_url_defaults_to_the_internal_one_then_is_used_where_browsers_go(inventory):
    internal = inventory.group_vars()["gws_auth_url"]
    first = inventory.run("enable_tenant", "--limit", "t100")
    assert first.rc == 0, first
    ccid = inventory.ccid("t100")
    gapi, rows = auth_urls(inventory, ccid)
    assert gapi == {"authUrl": internal, "authredircetUrl": internal}
    assert rows == [(internal, internal)]

    inventory.set_group_var("gws_auth_external_url", EXTERNAL)
    seq = inventory.sandbox.last_seq()
    check = inventory.run("enable_tenant", "--limit", "t100", "--check", "--diff")
    assert check.rc == 0 and writes_since(inventory.sandbox, seq) == [], check
    # nex_gapis shows the change at once; IWD's GAPI data goes with the next provisioning that sends the secrets.
    changed = inventory.run("enable_tenant", "--limit", "t100", "-e", "genesys_update_secrets=true")
    assert changed.rc == 0, changed
    gapi, rows = auth_urls(inventory, ccid)
    assert gapi == {"authUrl": internal, "authredircetUrl": EXTERNAL}
    assert rows == [(internal, EXTERNAL)]
    # Tokens are still validated at the internal URL: the tenant's next run works and changes nothing.
    again = inventory.run("enable_tenant", "--limit", "t100")
    assert again.rc == 0 and again.recap["t100"]["changed"] == 0, again


def test_a_bad_external_url_is_refused_before_any_write(inventory):
    inventory.set_group_var("gws_auth_external_url", "gauth.example.com")
    seq = inventory.sandbox.last_seq()
    run = inventory.run("enable_tenant", "--limit", "t100")
    assert run.rc != 0, run
    assert "group_vars/all: gws_auth_external_url: must be an http:// or https:// URL" in run.output, run
    assert writes_since(inventory.sandbox, seq) == []
