#!/usr/bin/env bash
# The modules run in the controller's Python give what they give when shipped: the same
# inputs run through both paths (compare.yml), and no secret shows in -vvv output.
set -eu

export ANSIBLE_ROLES_PATH=..
log=$(mktemp)
store=$(mktemp -d)
trap 'rm -rf "$log" "$store"' EXIT

status=0
ansible-playbook compare.yml -i inventory.ini -e @../../integration_config.yml -e "compare_store=$store" -vvv \
  > "$log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
  tail -n 200 "$log"
  exit "$status"
fi

# The secrets the cases send (no_log options), and any the modules generated and stored.
secrets=$("${ANSIBLE_TEST_PYTHON_INTERPRETER:-python}" -c '
import json, pathlib, sys, yaml
config = yaml.safe_load(open("../../integration_config.yml"))
print(config["genesys_admin_password"]); print(config["nexus_client_secret"]); print("Compare-Client-Secret-1")
for record in pathlib.Path(sys.argv[1]).glob("*.json"):
    for values in json.loads(record.read_text()).values():
        for value in (values.values() if isinstance(values, dict) else [values]):
            print(value)
' "$store")
# Each path stored the secret gws_client generated, which the results show masked.
for host in in_process shipped; do
  grep -q '"compare_generated": "[^"*][^"]*"' "$store/$host.json"
done
leaked=0
while IFS= read -r secret; do
  if [ -n "$secret" ] && grep -qF -- "$secret" "$log"; then
    echo "a secret appears in the -vvv output: ${secret:0:3}..." >&2
    leaked=1
  fi
done <<< "$secrets"
[ "$leaked" -eq 0 ]

# The modules of shipped were shipped (in_process has no connection to ship them to).
shipped=$(grep -c '^Using module file .*/genesys/multicloud/plugins/modules/' "$log" || true)
echo "modules of the collection shipped: $shipped"
[ "$shipped" -ge 10 ]
here=$(grep -c "^<in_process> Running module ansible_collections.genesys.multicloud.plugins.modules.[a-z_]* in the controller's Python" "$log" || true)
echo "modules of the collection run in the controller: $here"
[ "$here" -ge 10 ]
echo "compared and found no secret in $(wc -l < "$log") lines of -vvv output"
