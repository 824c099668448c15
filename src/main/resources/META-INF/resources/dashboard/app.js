// The dashboard's entry point: reads a key given in the URL fragment, shows the list or one experiment, asks for a
// key when the API answers 401 (or 403 for a key that may not read), and refreshes every 30 seconds.

import { SignInNeeded, clearKey, hasKey, setKey, takeKeyFromFragment } from './api.js';
import { ExperimentView } from './experiment.js';
import { renderList } from './list.js';
import { element } from './page.js';

const REFRESH_MILLIS = 30_000;

const view = document.getElementById('view');
const signIn = document.getElementById('sign-in');
const signInError = document.getElementById('sign-in-error');
const signOut = document.getElementById('sign-out');
const statusLine = document.getElementById('status-line');

takeKeyFromFragment();

const experimentId = new URLSearchParams(location.search).get('experiment');
const crumbs = document.getElementById('crumbs');
if (experimentId) {
  crumbs.append(element('a', { href: './' }, 'Experiments'), ' / ', experimentId);
} else {
  crumbs.append('Experiments');
}
const page = experimentId ? new ExperimentView(view, experimentId) : { render: () => renderList(view) };

let signedInWith = false;

async function show() {
  try {
    await page.render();
    signIn.hidden = true;
    view.hidden = false;
    signOut.hidden = !hasKey();
    statusLine.textContent = 'Updated ' + new Date().toLocaleTimeString() + '; refreshes every 30 seconds.';
  } catch (e) {
    if (e instanceof SignInNeeded) {
      view.hidden = true;
      signIn.hidden = false;
      signOut.hidden = true;
      signInError.textContent = !hasKey() ? ''
        : e.status === 403 ? 'This key may not read experiments: use a viewer or admin key.'
          : signedInWith ? 'That key was not accepted.' : 'The saved key is no longer accepted.';
      document.getElementById('key').focus();
      return;
    }
    view.replaceChildren(element('p', { class: 'error', role: 'alert' }, 'Could not load: ' + e.message));
  }
}

signIn.addEventListener('submit', (event) => {
  event.preventDefault();
  const input = document.getElementById('key');
  setKey(input.value);
  input.value = '';
  signedInWith = true;
  show();
});

signOut.addEventListener('click', () => {
  clearKey();
  signedInWith = false;
  show();
});

show();
setInterval(() => {
  if (!document.hidden && signIn.hidden) {
    show();
  }
}, REFRESH_MILLIS);
