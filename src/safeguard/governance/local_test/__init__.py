"""The Local Test of Assurance (LMCS guide §2.6 and Appendix B; DOMAIN.md §2.C).

Where the Director of Children's Services or the Lead Member also holds other portfolios (an
"all age" director of children's and adults' services, say), the council checks that children's
outcomes are not diluted: the six considerations of the statutory guidance and each statutory
responsibility of the two roles (``considerations.toml``), each with a status, its evidence and
a date to review it. The test records who holds which other portfolios, who assessed it and
when, and prints as a page and as a PDF.
"""
