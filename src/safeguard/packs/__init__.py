"""The packs leaders, scrutiny, the partnership and inspectors read, one module per pack."""
