// Words and times in the page's language (docs/i18n.md). The translations
// come from Django's JavaScript catalogue, loaded before the page's modules
// by {% javascript_catalog %}; without it (blocked, failed) the English
// source text is shown. Named gettext/ngettext so `make messages` finds them.
const g = globalThis;

export const lang = document.documentElement.lang || "en-GB";
// The newsroom's zone: times are shown in it, as the server writes them.
export const timeZone = document.documentElement.dataset.timeZone || undefined;

const numbers = new Intl.NumberFormat(lang);

function fill(text, values) {
  return values ? text.replace(/%\(([a-z_]+)\)s/g, (whole, key) => (key in values ? String(values[key]) : whole)) : text;
}

export function gettext(text, values) {
  return fill(g.gettext ? g.gettext(text) : text, values);
}

// ngettext("%(count)s new update", "%(count)s new updates", n): the form the
// language needs for n (Arabic has six), with n written in its digits.
export function ngettext(singular, plural, count, values) {
  const text = g.ngettext ? g.ngettext(singular, plural, count) : count === 1 ? singular : plural;
  return fill(text, { count: numbers.format(count), ...values });
}

export function pgettext(context, text, values) {
  return fill(g.pgettext ? g.pgettext(context, text) : text, values);
}

const clock = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", timeZone });
export function timeOfDay(date) {
  return clock.format(date);
}

// "just now", "12 min ago", "3 hours ago"; null past a day (the absolute time stays).
const shortRelative = new Intl.RelativeTimeFormat(lang, { numeric: "auto", style: "short" });
const longRelative = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
export function relativeTime(date, now = Date.now()) {
  const seconds = Math.round((now - date.getTime()) / 1000);
  if (seconds < 45) return gettext("just now");
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return shortRelative.format(-minutes, "minute");
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return longRelative.format(-hours, "hour");
  return null;
}
