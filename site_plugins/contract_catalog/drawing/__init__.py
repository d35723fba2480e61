"""SVG drawn at build time: the producer/consumer graph and the lifecycle timeline."""
