"""Write an Ansible inventory (laid out like docs/inventory-example/) for the demo tenants of a
running sandbox.

``python -m genesys_sandbox.inventory --sandbox-json RUN/sandbox.json --config CONFIG --out DIR [--every-feature]``

Every contact center becomes a host of group ``nexus_tenants`` named after its first domain.
The first tenant also gets a UCS URL and IWD, the second a UCS URL and SMS through a custom
gateway (provider async), the others only the basics: together they cover every role.

With ``--every-feature`` (the demo's, ``make demo``) the third tenant also has SMS through Genesys
Messaging Aggregation with two toll-free numbers, and DIR/../playbooks holds ready playbooks for
the read-only modules of PureConnect ICWS, Luware TeamManager and Genesys Cloud's numbers, with
the sandbox's credentials: every feature can be tried without reading the tests.
"""

import argparse
import json
import os

import yaml

from .config import load_config

HEADER = "# Written by scripts/sandbox start for the sandbox at %s; rewritten at every start.\n"


def _write(path, content, header):
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as handle:
        handle.write(header)
        yaml.safe_dump(content, handle, sort_keys=False, default_flow_style=False)


def tenant_vars(index, name, user, info):
    values = {"tenant_name": name, "tenant_user": user.username, "tenant_user_password": user.password}
    if index < 2:
        values["tenant_ucs_url"] = "https://ucs-%s.example.com" % name
    if index == 0:
        short = name.lstrip("t") or name
        values["tenant_iwd"] = {
            "tenant_id": short,
            "db": {"host": info["db"]["host"], "port": info["db"]["port"], "database": "iwd_%s" % name,
                   "user": "iwd_%s" % name, "password": "Iwd-%s-Db-Pass" % name, "ssl": False},
            "apikey_tenant": "22552b96-8783-46a9-b0eb-%012d" % index,
            "apikey_iwddm": "d6b68a7b-12ed-4c3c-830d-%012d" % index,
        }
    if index == 1:
        values["tenant_sms"] = {
            "provider": "async",
            "channels": [{"channel_id": "16504661149", "webhook_url": "https://sms-gateway.example.com/%s" % name,
                          "webhook_secret": "Webhook-%s-Secret" % name, "api_secret": "Api-%s-Secret" % name}],
            "email": False,
        }
    return values


def gma_sms(info, config):
    """SMS through Genesys Messaging Aggregation with the sandbox's first Genesys Cloud client and
    two of its available toll-free numbers."""
    client = config.gcloud.clients[0]
    first, second = config.gcloud.available_numbers[:2]
    return {
        "provider": "gma", "gc_login_url": info["gcloud_login_url"], "gc_api_url": info["gcloud_api_url"],
        "gc_client_id": client.client_id, "gc_client_secret": client.client_secret, "email": False,
        "numbers": [{"number": first, "purpose": "SMS_Main", "designer_endpoint": "SMS_Main"},
                    {"number": second, "cxc_only": True}],
        "email_address": "sms.admin@example.com",
    }


def write_inventory(info, config, out, every_feature=False):
    header = HEADER % info["nexus_url"]
    for directory in (out, os.path.join(out, "group_vars"), os.path.join(out, "host_vars")):
        os.makedirs(directory, exist_ok=True)
    hosts = {}
    for index, center in enumerate(config.contact_centers):
        if not center.users:
            continue
        name = center.domains[0]
        # Tenants are not machines: the collection's modules run in the controller, no connection needed.
        hosts[name] = None
        values = tenant_vars(index, name, center.users[0], info)
        if every_feature and index == 2:
            values["tenant_sms"] = gma_sms(info, config)
        _write(os.path.join(out, "host_vars", name + ".yml"), values, header)
    _write(os.path.join(out, "hosts.yml"), {"all": {"children": {"nexus_tenants": {"hosts": hosts}}}}, header)
    environment = environment_vars(info, config.gws_admin.username, config.gws_admin.password)
    _write(os.path.join(out, "group_vars", "all.yml"), environment, header)
    if every_feature:
        write_playbooks(info, config, os.path.join(os.path.dirname(os.path.abspath(out)), "playbooks"), header)
    return sorted(hosts)


def write_playbooks(info, config, out, header):
    """Playbooks for the read-only modules that no tenant runs, and their credentials (vars.yml, 0600)."""
    os.makedirs(out, exist_ok=True)
    icws_user = config.icws.users[0]
    client = config.gcloud.clients[0]
    _write(os.path.join(out, "vars.yml"), {
        "icws_url": info["icws_url"], "icws_username": icws_user.userID, "icws_password": icws_user.password,
        "tm_url": info["tm_url"], "tm_api_key": config.luware_tm.api_keys[0].key,
        "gc_login_url": info["gcloud_login_url"], "gc_api_url": info["gcloud_api_url"],
        "gc_client_id": client.client_id, "gc_client_secret": client.client_secret,
    }, header)
    for name, play in PLAYBOOKS.items():
        _write(os.path.join(out, name), [dict(play, hosts="localhost", connection="local", gather_facts=False,
                                              vars_files=["vars.yml"])], header)


# The read-only modules that reach other systems, each in a play of its own (module: arguments).
PLAYBOOKS = {
    "icws_info.yml": {"name": "Read the PureConnect ICWS server (switchover pair, features, a user's status)", "tasks": [
        {"name": "Read the server", "genesys.multicloud.icws_server_info": {
            "icws_url": "{{ icws_url }}", "icws_username": "{{ icws_username }}", "icws_password": "{{ icws_password }}",
            "required_features": {"status": 1}, "user_statuses": ["{{ icws_username }}"]}, "register": "cic"},
        {"name": "Show it", "ansible.builtin.debug": {"var": "cic"}}]},
    "luware_info.yml": {"name": "Read Luware TeamManager (active teams and the members of Sales)", "tasks": [
        {"name": "Read the teams", "genesys.multicloud.luware_tm_info": {
            "tm_url": "{{ tm_url }}", "tm_api_key": "{{ tm_api_key }}", "teams": True, "team_status": "Active",
            "team_members": "Sales"}, "register": "tm"},
        {"name": "Show them", "ansible.builtin.debug": {"var": "tm"}}]},
    "tollfree_numbers_info.yml": {"name": "List the Genesys Cloud organization's toll-free numbers and a few available", "tasks": [
        {"name": "Read the numbers", "genesys.multicloud.gc_tollfree_number_info": {
            "gc_login_url": "{{ gc_login_url }}", "gc_api_url": "{{ gc_api_url }}", "gc_client_id": "{{ gc_client_id }}",
            "gc_client_secret": "{{ gc_client_secret }}", "available": True}, "register": "numbers"},
        {"name": "Show them", "ansible.builtin.debug": {"var": "numbers"}}]},
}


def environment_vars(info, admin_username, admin_password):
    """The environment variables (group_vars/all) of an inventory for the sandbox of ``info`` (sandbox.json)."""
    environment = {
        "gws_url": info["gws_url"],
        "gws_auth_url": info["auth_url"],
        "gws_admin_username": admin_username,
        "gws_admin_password": admin_password,
        "nexus_url": info["nexus_url"],
        "nexus_db_host": info["db"]["host"],
        "nexus_db_port": info["db"]["port"],
        "nexus_db_name": info["db"]["dbname"],
        "nexus_db_user": info["db"]["user"],
        "nexus_db_password": info["db"]["password"],
        "iwd_url": info["iwd_url"],
        "genesys_validate_certs": True,
    }
    if info.get("ca_path"):
        environment["genesys_ca_path"] = info["ca_path"]
    return environment


def main(argv=None):
    parser = argparse.ArgumentParser(prog="genesys_sandbox.inventory", description=__doc__.splitlines()[0])
    parser.add_argument("--sandbox-json", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--every-feature", action="store_true",
                        help="also a tenant with toll-free numbers, and playbooks for ICWS, Luware and Genesys Cloud")
    args = parser.parse_args(argv)
    with open(args.sandbox_json, encoding="utf-8") as handle:
        info = json.load(handle)
    hosts = write_inventory(info, load_config(args.config), args.out, every_feature=args.every_feature)
    print("inventory: %s (tenants: %s)" % (args.out, ", ".join(hosts)))


if __name__ == "__main__":
    main()
