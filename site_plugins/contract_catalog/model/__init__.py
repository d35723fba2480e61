"""The registry and tree as typed objects, the lifecycle on the build date, the system graph,
URLs from names."""
