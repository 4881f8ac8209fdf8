"""Class results: merge the answers files learners hand in, grade them again, sum them up.

``r2p-course results FILE_OR_FOLDER_OR_GLOB... [--homes DIR] --out DIR [--banks BANK...]``
reads the files that "My answers → Download my answers" makes (website or JupyterLab; format
in :func:`r2p_course.progress.validate_export`), or, on a hub, each learner's progress file
(the same format) from their home folder, and writes to DIR:

- ``answers.csv``: one row per learner and question (learner, alias, question, bank,
  objectives, answer, result, time, first_result, attempts, revealed), every answer of the
  course found in the files;
- ``banks.csv``, ``learners.csv``: completion against the assigned banks, per bank and per
  learner;
- ``questions.csv``, ``objectives.csv``: correctness per question (with the most frequent
  wrong answer to pillar questions) and per learning objective, on the first try and in the
  end;
- ``sorter.csv``: the tools the class misplaced in the sorter, and in which direction;
- ``stages.csv``: for a staged scenario, per stage and question, the class's most frequent
  choice and whether it is the key;
- ``gain.csv``, ``gain_objectives.csv``: learning gain from the pre-check to the post-check
  (banks with ``phase: pre``/``post``), per learner and objective and for the class
  (:mod:`.gain`; the columns are in rules.py);
- ``problems.csv``: every bad submission or part of one, by file name, with the reason;
- ``summary.json``: all of the above in one file.

Why it is careful: the files come from many devices and course versions, and a trainer runs
this once, after the session. So every answer is graded again with :func:`r2p_course.quiz.grade`
(a stored result that disagrees is reported), and a bad file is reported and skipped, never a
crash and never a reason to drop another learner's file. Only the learner's random id and the
optional ``alias`` they typed identify them; nothing else personal is read or written.

The package, read from the bottom up: :mod:`.course` (the course's questions as results need
them), :mod:`.gain` (learning gain), :mod:`.intake` (finding, reading and checking the files), :mod:`.tables` (merging
learners, the tables, :func:`collect`) and :mod:`.output` (the files, the terminal summary, the
command, the website page's course data).
"""

from __future__ import annotations

from .course import Question, course_questions, default_banks, short_prompt
from .intake import MAX_BYTES, PARTIAL, REJECTED, Learner, Problem, read_submission
from .output import course_data, format_summary, run, write
from .tables import ANSWER_COLUMNS, TABLE_COLUMNS, Results, collect

__all__ = ["ANSWER_COLUMNS", "MAX_BYTES", "PARTIAL", "REJECTED", "TABLE_COLUMNS", "Learner", "Problem", "Question",
           "Results", "collect", "course_data", "course_questions", "default_banks", "format_summary",
           "read_submission", "run", "short_prompt", "write"]
