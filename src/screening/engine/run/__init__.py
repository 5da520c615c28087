"""A loaded questionnaire at work: answers, the walk through visible questions, scores, flags
and the outcome in dependency order, the summary as data, answer files and embedded examples."""
