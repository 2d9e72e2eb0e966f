"""Case studies: each case's model, charts, explorer and checked tasks in one package.

A case is not on ``ck.``: a case notebook imports its own package, e.g.
``from crmkit.cases import rice_shop``.  Every case has the same shape:

* ``model.py`` — the case's calculations (pure pandas, validated input);
* ``plots.py`` — its charts (each takes a computed frame and an optional ``ax``);
* ``widget.py`` — its explorer (a thin ipywidgets layer over the model);
* ``exercises.py`` — its checked tasks ``cNN.name``, registered with
  :func:`crmkit.exercises.exercise` and found through :data:`crmkit.chapters.CASES`.

Cases: ``rice_shop`` (c01, Wang Yongqing's rice shop), ``dairy`` (c02, Chengdu Hailang Dairy),
``firing`` (c04, Firing customers).
"""
