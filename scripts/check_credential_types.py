"""Check the AWX credential types of extensions/awx against the README.

Each type must be well formed as AWX wants it (fields with id, label and type string or boolean;
required fields defined; injectors that use only defined fields); what it injects must be
inventory variables of the README's tables, and every secret among them (a password or a
secret) must come from a field marked ``secret: true``, and a secret field must be injected only
under such a variable.

Usage: python scripts/check_credential_types.py CREDENTIAL_TYPES_YML README_MD
"""

import re
import sys

import jinja2
import jinja2.meta
import yaml

SECRET = re.compile(r"password|secret")


def readme_variables(readme):
    """The variable names of the first column of the README's tables."""
    names = set()
    for line in readme.splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([a-z_]+)`", line.split("|")[1]))
    return names


def leaves(value, path=()):
    """(path, template) for every string of the injected value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, path + (key,))
    elif isinstance(value, str):
        yield path, value


def check(credential_type, variables):
    name, problems = credential_type.get("name", "?"), []
    fields = {f["id"]: f for f in credential_type["inputs"]["fields"]}
    for field in fields.values():
        if not field.get("label") or field.get("type") not in ("string", "boolean"):
            problems.append("field %s: needs a label and type string or boolean" % field["id"])
        if SECRET.search(field["id"]) and not field.get("secret"):
            problems.append("field %s: a secret input must be secret: true" % field["id"])
    problems += ["required %s is not a field" % r for r in credential_type["inputs"].get("required", []) if r not in fields]
    env = jinja2.Environment()
    injected = credential_type["injectors"].get("extra_vars", {})
    if set(credential_type["injectors"]) - {"extra_vars"}:
        problems.append("injects more than extra vars: %s" % sorted(credential_type["injectors"]))
    for variable in injected:
        if variable not in variables:
            problems.append("injects %s, which is no inventory variable of the README" % variable)
    for path, template in leaves(injected):
        used = jinja2.meta.find_undeclared_variables(env.parse(template))
        problems += ["%s uses %s, which is no field" % (".".join(path), u) for u in sorted(used - set(fields))]
        secret_used = {u for u in used if fields.get(u, {}).get("secret")}
        if secret_used and not SECRET.search(path[-1]):
            problems.append("%s carries the secret %s under a name that does not say so" % (".".join(path), sorted(secret_used)))
        if SECRET.search(path[-1]) and not secret_used:
            problems.append("%s is a secret but comes from no secret field" % ".".join(path))
    return ["%s: %s" % (name, p) for p in problems]


def main(types_path, readme_path):
    with open(types_path, encoding="utf-8") as handle:
        types = yaml.safe_load(handle)["genesys_credential_types"]
    with open(readme_path, encoding="utf-8") as handle:
        variables = readme_variables(handle.read())
    problems = [p for t in types for p in check(t, variables)]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print("credential types: %s" % ", ".join("%s (%s)" % (t["name"], ", ".join(t["injectors"]["extra_vars"])) for t in types))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
