"""Graded exercises: one instructor source, generated student versions, a fair grader.

``solutions/exNN_topic.ipynb`` are the instructor sources (solutions marked
``### BEGIN SOLUTION`` / ``### END SOLUTION``, one check cell per question
starting ``# TEST q1 points=2``, hidden checks between ``### BEGIN HIDDEN
TESTS`` and ``### END HIDDEN TESTS``).  From them:

* ``python -m qtransport.grading generate`` writes the student versions to
  ``exercises/`` (:mod:`~qtransport.grading.generate`);
* ``python -m qtransport.grading grade SUBMISSION.ipynb`` grades one
  submission and ``python -m qtransport.grading batch FOLDER --csv FILE`` a
  folder of them (:mod:`~qtransport.grading.grader`).

A source can give every student their own numbers (``# PARAMETERS`` cells)
and option orders (:mod:`~qtransport.grading.variants`): ``generate --roster
roster.csv --out handout/`` writes one notebook per student, and ``batch
--roster roster.csv`` grades each at the roster student's variant.

In the notebooks themselves only :func:`check` is used: it compares a value
with the expected one and prints a tick, or raises :class:`CheckFailed`.
Importing this package imports numpy only; the grader's machinery (nbclient,
nbformat) is imported when it is used.  The physics modules never import it.
"""

from qtransport.grading.checks import CheckFailed, check

__all__ = ["check", "CheckFailed"]
