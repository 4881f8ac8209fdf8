// Generated from r2p_course/rules.py by `python -m r2p_course.rules`: do not edit by hand.
// tests/test_rules.py fails when this file differs from what rules.py generates.
export const TIER_NAMES = {"1": "non-coercive", "2": "coercive but not military", "3": "military force"};
export const PILLAR_WORDS = {"1": "one", "2": "two", "3": "three"};
export const ANSWER_RESULTS = ["correct", "partial", "incorrect"];
export const ALIAS_MAX = 60;
export const UNPRINTABLE_PATTERN = "[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ufeff]";
export const CITATION_PATTERN = "\\b(?<word>paras?\\.?|paragraphs?)\\s+(?<numbers>[0-9]{1,3}(?:\\s*(?:[-\u2013,]|and)\\s*[0-9]{1,3})*)(?![0-9])";
export const MAX_BYTES = 1000000;
export const MAX_DEPTH = 20;
export const LEARNER_ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,99}";
export const VERSION_MAX = 40;
export const REJECTED = ["missing", "unreadable", "empty-folder", "too-large", "not-json", "truncated-json", "not-answers-file", "other-course"];
export const PARTIAL = ["other-version", "unknown-question", "bad-entry", "impossible-answer", "result-disagrees", "duplicate-learner"];
export const FORMULA_START = ["=", "+", "-", "@", "\t", "\r"];
export const ANSWER_COLUMNS = ["learner", "alias", "question", "bank", "objectives", "answer", "result", "time", "first_result", "attempts", "revealed"];
export const GAIN_PHASES = ["pre", "post"];
export const GAIN_COLUMNS = ["learner", "alias", "objective", "pre_correct", "pre_questions", "pre", "post_correct", "post_questions", "post", "gain", "note"];
export const GAIN_OBJECTIVE_COLUMNS = ["objective", "chapter", "learners", "pre_questions", "post_questions", "mean_pre", "mean_post", "gain", "only_pre", "only_post", "note"];
export const KIND_EXPORT = "export";
export const KIND_IMPORT = "import";
export const KIND_IMPORTED = "imported";
export const KIND_RESET = "reset";
