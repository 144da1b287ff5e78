"""A toll-free number order that completes later (docs/api.md, G5), through enable_tenant: the order id is in
the tenant's output file at once, a run that times out leaves it there, the next run waits for that order and
never orders the number again, and the output holds numbers, never orders."""

from test_numbers import gcloud, orders_since


def test_an_order_that_completes_later_is_kept_waited_for_and_never_sent_twice(inventory):
    sandbox = inventory.sandbox
    client = sandbox.config["gcloud"]["clients"][0]
    number = sandbox.config["gcloud"]["available_numbers"][0]
    sandbox.admin("POST", "/sandbox/gcloud/config", json={"order_mode": "asynchronous", "order_polls": 100})
    inventory.set_host_var("t300", "tenant_sms", dict(
        inventory.host_vars("t300")["tenant_sms"], gc_login_url=sandbox["gcloud_login_url"], gc_api_url=sandbox["gcloud_api_url"],
        gc_client_id=client["client_id"], gc_client_secret=client["client_secret"], numbers=[{"number": number}],
        email_address="sms.admin@example.com", order_timeout=0))

    seq = sandbox.last_seq()
    pending = inventory.run("enable_tenant", "--limit", "t300")
    assert pending.rc != 0 and pending.recap["t300"]["failed"] == 1, pending
    assert "still pending after 0s" in pending.output, pending
    assert len(orders_since(sandbox, seq)) == 1
    order_id = inventory.output("t300")["number_orders"][number]
    assert [n["tollfreeNumber"] for n in gcloud(sandbox)["numbers"]] == [number]

    # The order completes on its next read: the next run waits for it, orders nothing, and keeps the number.
    conn = sandbox.db()
    try:
        with conn, conn.cursor() as cur:
            cur.execute("UPDATE sandbox.gc_numbers SET polls_left = 1 WHERE order_id = %s", (order_id,))
            assert cur.rowcount == 1
    finally:
        conn.close()
    inventory.set_host_var("t300", "tenant_sms", dict(inventory.host_vars("t300")["tenant_sms"], order_timeout=60))
    seq = sandbox.last_seq()
    done = inventory.run("enable_tenant", "--limit", "t300")
    assert done.rc == 0, done
    assert orders_since(sandbox, seq) == []
    reads = [r for r in sandbox.requests(since=seq) if r["path"].endswith("/orders/" + order_id)]
    assert len(reads) >= 1
    output = inventory.output("t300")
    assert not output.get("number_orders")
    assert [n["tollfreeNumber"] for n in output["sms_numbers"]] == [number]
    assert all("state" not in n for n in output["sms_numbers"])

    again = inventory.run("enable_tenant", "--limit", "t300")
    assert again.rc == 0 and again.recap["t300"]["changed"] == 0, again
