/**
 * The few Material system colours the field's calendar button and the calendar panel read, in the app's palette
 * (styles.scss: text #1d2939, links #175cd3): no Material theme is loaded, so nothing else in the app changes.
 * Global (ViewEncapsulation.None) because the panel opens in an overlay outside the field (`.mat-datepicker-content`,
 * whose calendar carries `.td-date-panel`); it loads with the fields, not with the app. Days off: red numbers on a pale red disc, not by colour alone (underlined).
 */
export const DATE_FIELD_STYLES = `
.td-date-field, .mat-datepicker-content {
  --mat-sys-primary: #175cd3; --mat-sys-on-primary: #fff; --mat-sys-primary-container: #d1e0ff;
  --mat-sys-on-primary-container: #00359e; --mat-sys-secondary-container: #eaecf0; --mat-sys-on-secondary-container: #1d2939;
  --mat-sys-surface: #fff; --mat-sys-surface-container-high: #fff; --mat-sys-surface-variant: #eaecf0;
  --mat-sys-on-surface: #1d2939; --mat-sys-on-surface-variant: #344054; --mat-sys-outline: #667085;
  --mat-sys-error: #b42318; --mat-sys-tertiary-container: #fef0c7; --mat-sys-neutral: #1d2939;
  --mat-sys-corner-large: 12px; --mat-sys-corner-full: 9999px; --mat-sys-corner-extra-small: 4px;
  --mat-sys-hover-state-layer-opacity: .08; --mat-sys-focus-state-layer-opacity: .12; --mat-sys-pressed-state-layer-opacity: .12;
  --mat-sys-body-medium-font: inherit; --mat-sys-body-large-font: inherit; --mat-sys-title-small-font: inherit;
  --mat-sys-label-large-font: inherit; --mat-sys-body-small-font: inherit;
  --mat-sys-level3: 0 4px 16px rgba(16, 24, 40, .18);
}
.mat-datepicker-content { box-shadow: 0 4px 16px rgba(16, 24, 40, .18); border: 1px solid #d0d5dd; }
.td-date-panel .td-day-off .mat-calendar-body-cell-content { color: #b42318; text-decoration: underline dotted; }
.td-date-panel .td-day-off:not(.mat-calendar-body-active) .mat-calendar-body-cell-content:not(.mat-calendar-body-selected) { background: #fef3f2; }
.td-date-field { display: flex; align-items: center; gap: .25rem; max-width: 100%; }
.td-date-field input { flex: 1 1 auto; min-width: 0; width: 9.5rem; }
.td-date-field.td-month input { width: 7rem; }
.td-date-field .mat-datepicker-toggle .mat-mdc-icon-button { width: 40px; height: 40px; padding: 8px; }
.td-date-error { color: #b42318; margin: .25rem 0 0; font-size: .9rem; }
.td-day-off-note { margin: .35rem 0 0; color: #7a2e0e; background: #fffaeb; border: 1px solid #fedf89; border-radius: 6px; padding: .4rem .6rem; }
.td-day-off-note button { margin-left: .35rem; }
`;
