"""`make bench`: the collection's playbooks measured against a plain-uri baseline and a one-process floor."""
