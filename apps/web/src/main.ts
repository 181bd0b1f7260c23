import { bootstrapApplication } from '@angular/platform-browser';
import { appConfig } from './app/app.config';
import { App } from './app/app';

// A failed start is reported on the page's console: there is nowhere else to tell.
// eslint-disable-next-line no-console
bootstrapApplication(App, appConfig).catch((err) => console.error(err));
