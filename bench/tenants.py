"""K generated tenants of three profiles: the sandbox's contact centers and the inventory of them.

Tenant i gets the profile i % 3:

- ``full``: ccid given, PlatformUCS, SMS through Genesys Messaging Aggregation, IWD;
- ``async``: ccid found by name (E1), SMS through a custom gateway (provider async);
- ``minimal``: ccid given, nothing optional.

The inventory is the one the README describes; the collection and the baseline playbook run on the
same one. The client secrets are set in it, so that both write the same secrets.
"""

import os
import shutil

import yaml
from genesys_sandbox import inventory as sandbox_inventory

PROFILES = ("full", "async", "minimal")
ENVIRONMENT_ID = "6c1d2f55-1b8a-4f52-8e0e-00000000be0c"
NEXUS_CLIENT_SECRET = "Bench-Nexus-Client-Secret-0123456789"
IWD_CLIENT_SECRET = "Bench-Iwd-Client-Secret-0123456789"


def tenant_name(index):
    return "bench%03d" % index


def ccid(index):
    return "b0000000-0000-4000-8000-%012d" % index


def password(index):
    return "Nexus-%s-Pass!" % tenant_name(index)


def profile(index):
    return PROFILES[index % len(PROFILES)]


def contact_centers(count):
    """The sandbox configuration's ``contact_centers`` for ``count`` tenants."""
    return [{"id": ccid(i), "environmentId": ENVIRONMENT_ID, "domains": [tenant_name(i)],
             "users": [{"username": "nexus", "password": password(i)}]} for i in range(count)]


def tenant_vars(index, sandbox_info):
    name = tenant_name(index)
    values = {"tenant_name": name, "tenant_user": "nexus", "tenant_user_password": password(index)}
    kind = profile(index)
    if kind != "async":
        values["tenant_ccid"] = ccid(index)
    if kind == "full":
        values["tenant_ucs_url"] = "https://ucs-%s.example.com" % name
        values["tenant_sms"] = {
            "provider": "gma", "gc_login_url": "https://login.mypurecloud.example", "gc_api_url": "https://api.mypurecloud.example",
            "gc_client_id": "4da40a9d-b113-4024-8ba9-%012d" % index, "gc_client_secret": "Gc-%s-Secret" % name, "email": False,
        }
        values["tenant_iwd"] = {
            "tenant_id": str(1000 + index),
            "db": {"host": sandbox_info["db"]["host"], "port": sandbox_info["db"]["port"], "database": "iwd_%s" % name,
                   "user": "iwd_%s" % name, "password": "Iwd-%s-Db-Pass" % name, "ssl": False},
            "apikey_tenant": "22552b96-8783-46a9-b0eb-%012d" % index,
            "apikey_iwddm": "d6b68a7b-12ed-4c3c-830d-%012d" % index,
            # The baseline and the floor send IWD the iWD Cluster API Key, as the collection did up to 0.2:
            # the same reading here, so that all three provision the same objects.
            "iwd_key_scope": "cluster",
        }
    if kind == "async":
        values["tenant_sms"] = {
            "provider": "async",
            "channels": [{"channel_id": "1650466%04d" % index, "webhook_url": "https://sms-gateway.example.com/%s" % name,
                          "webhook_secret": "Webhook-%s-Secret" % name, "api_secret": "Api-%s-Secret" % name}],
            "email": False,
        }
    return values


def environment_vars(sandbox_info, admin):
    values = sandbox_inventory.environment_vars(sandbox_info, admin["username"], admin["password"])
    values.update({
        "nexus_client_secret": NEXUS_CLIENT_SECRET,
        "iwd_client_secret": IWD_CLIENT_SECRET,
    })
    return values


def _write(path, content):
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as handle:
        yaml.safe_dump(content, handle, sort_keys=False, default_flow_style=False)


def write_inventory(directory, count, sandbox_info, admin):
    """A fresh inventory of ``count`` tenants in ``directory`` (what a previous run left is gone)."""
    shutil.rmtree(directory, ignore_errors=True)
    for sub in ("", "group_vars", "host_vars"):
        os.makedirs(os.path.join(directory, sub), mode=0o700, exist_ok=True)
    hosts = {}
    for index in range(count):
        hosts[tenant_name(index)] = None
        _write(os.path.join(directory, "host_vars", tenant_name(index) + ".yml"), tenant_vars(index, sandbox_info))
    _write(os.path.join(directory, "hosts.yml"), {"all": {"children": {"nexus_tenants": {"hosts": hosts}}}})
    _write(os.path.join(directory, "group_vars", "all.yml"), environment_vars(sandbox_info, admin))
    return directory
