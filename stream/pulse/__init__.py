"""Pure window statistics and spike detection (no Faust imports)."""
