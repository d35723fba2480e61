"""One build: the catalog's pages and their heads, every check, the search copy, memory, the build date."""
