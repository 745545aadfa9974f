// Newsline's service worker: shows a live blog's push alerts (a key event,
// or the blog's end) and opens the page they link to. Served at /push-sw.js
// so its scope covers every page of the site; it does nothing else (no
// caching, no fetch handler). The alert's words come in the blog's language.

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  if (!data.title) return;
  event.waitUntil(
    self.registration.showNotification(data.title, {
      body: data.body || "",
      tag: data.tag || undefined,
      lang: data.lang || "",
      dir: data.dir || "auto",
      data: { url: data.url || "" },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = event.notification.data && event.notification.data.url;
  // Only our own pages: the link is the key event's permalink or the blog.
  if (!url || new URL(url, self.location.href).origin !== self.location.origin) return;
  event.waitUntil(
    (async () => {
      const open = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      for (const client of open) {
        if (client.url === url && "focus" in client) return client.focus();
      }
      return self.clients.openWindow(url);
    })(),
  );
});
