"""A strict, stateful emulation of Genesys Auth, the GWS environment API, Digital Channels and IWD.

The sandbox implements the requests of ``docs/api.md`` on a real PostgreSQL so that the collection's
modules, roles and playbooks can be tested, demonstrated and benchmarked without a Genesys
deployment. It rejects what the real services would reject.
"""
