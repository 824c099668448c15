// Small DOM helpers shared by the views.

/** An element with attributes and children (strings become text, never HTML). */
export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

/** Whether the experiment is an A/B test (a bandit with guardrails has a control too). */
export function isAbTest(experiment) {
  return experiment.policy.type === 'fixed-split';
}

/** "Bandit (thompson)" or "A/B test (fixed split, sequential)". */
export function kindOf(experiment) {
  if (isAbTest(experiment)) {
    return 'A/B test (' + (experiment.test || 'fixed-horizon') + ', by ' + experiment.split + ')';
  }
  return 'Bandit (' + experiment.policy.type + ')';
}
