"""The packs leaders, scrutiny, the partnership and inspectors read (seed 000 §5 and §7.1; seed
003 §18.2.20; seed 004): one module per pack, each declaring its audience, its sections and the
records it draws on (``registry``); one renderer to HTML and PDF (``rendering``), and a record of
every pack issued, kept with the file itself and its hash so that any pack can be had again
exactly as it was read (``issuing``).

Packs sit beside the web application at the top of the layers: they read figures through
``safeguard.aggregates`` (small numbers suppressed for audiences without child-level access) and
the governance records through their services, and the web application and the command line
both produce them through ``issuing``.
"""
