"""The problem vocabulary and the guards every reader of untrusted input goes through:
files, names, regexes, budgets."""
