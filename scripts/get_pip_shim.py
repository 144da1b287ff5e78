"""Stand-in for the pip bootstrap script ansible-test downloads (get-pip.py).

ansible-test creates its sanity venvs without pip and fetches get-pip.py from a host this
machine cannot reach. This file, saved where ansible-test caches that script, installs pip
from the interpreter's own ensurepip, then installs what ansible-test asked for from the
package index pip is configured with.
"""

import subprocess
import sys

# ensurepip runs in a subprocess: in-process it would not read /etc/pip.conf and the
# later install would miss the machine's certificate settings.
subprocess.check_call([sys.executable, "-m", "ensurepip", "--default-pip"], stdout=subprocess.DEVNULL)
ARGS = [arg for arg in sys.argv[1:] if arg not in ("--no-setuptools", "--no-wheel")]
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install"] + ARGS))
