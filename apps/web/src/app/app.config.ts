import { registerLocaleData } from '@angular/common';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import localeVi from '@angular/common/locales/vi';
import { ApplicationConfig, LOCALE_ID, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding, withInMemoryScrolling } from '@angular/router';
import { authInterceptor, DaysOffCalendar } from '@tiendo/web-data-access';
import { DAYS_OFF } from '@tiendo/web-ui/days-off';
import { provideI18n } from '@tiendo/web-i18n';
import { appRoutes } from './app.routes';

registerLocaleData(localeVi);

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(appRoutes, withComponentInputBinding(), withInMemoryScrolling({ scrollPositionRestoration: 'enabled' })),
    provideHttpClient(withInterceptors([authInterceptor])),
    provideI18n(),
    // Vietnamese first: dates dd/MM/yyyy, decimal comma.
    { provide: LOCALE_ID, useValue: 'vi' },
    // The date fields mark and name the server's days off (holidays by law plus the admin's changes).
    { provide: DAYS_OFF, useExisting: DaysOffCalendar },
  ],
};
