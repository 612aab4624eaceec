import '@fontsource/vazirmatn/400.css';
import '@fontsource/vazirmatn/700.css';
import './styles.css';
import { Api } from './api.js';
import { App } from './app.js';
import { translator, type Lang } from './i18n.js';
import { pageTimings } from './timings.js';
import { h } from './views/dom.js';

const root = document.getElementById('app')!;
const app = new App(root, new Api(), pageTimings(window), localStorage);
void app
  .boot()
  .catch((e: Error) =>
    root.replaceChildren(
      h(
        'p',
        { class: 'error' },
        translator((document.documentElement.lang as Lang) || 'en')('errorPrefix', { message: e.message }),
      ),
    ),
  );
