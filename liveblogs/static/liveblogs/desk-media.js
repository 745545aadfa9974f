// Pictures in the composer (liveblogs/desk/_media_field.html): a file chosen,
// dropped or pasted is uploaded with its alt text, caption and credit, with a
// progress bar; the new image's id goes into the post form's hidden `image`
// field, which the normal Publish / Save saves with the post.

import { gettext } from "./i18n.js";

const ACCEPTED = ["image/jpeg", "image/png", "image/webp", "image/gif"];

function setUp(field) {
  const form = field.closest("form");
  const q = (name) => field.querySelector(`[data-media-${name}]`);
  const hidden = field.querySelector('input[name="image"]');
  const upload = q("upload"), current = q("current"), status = q("status"), progress = q("progress");
  const pending = q("pending"), fileInput = q("file"), drop = q("drop");
  const alt = q("alt-input"), caption = q("caption-input"), credit = q("credit-input");
  let file = null;
  let sending = false;

  const say = (text, isError = false) => {
    status.textContent = text;
    status.classList.toggle("media-field__status--error", isError);
  };
  const showUpload = () => {
    upload.hidden = !current.hidden;
  };

  function choose(picked) {
    if (!picked) return;
    if (picked.type && !ACCEPTED.includes(picked.type) && !picked.type.startsWith("image/")) {
      say(gettext("That is not a picture. Choose a JPEG, PNG, WebP or GIF image."), true);
      return;
    }
    file = picked;
    q("filename").textContent = picked.name || gettext("Pasted picture");
    pending.hidden = false;
    if (alt.value.trim()) send();
    else {
      say(gettext("Describe the picture in the alt text, then press “Upload picture”."), true);
      alt.focus();
    }
  }

  function send() {
    if (!file || sending) return;
    if (!alt.value.trim()) {
      say(gettext("Alt text is required: describe what the picture shows."), true);
      alt.focus();
      return;
    }
    const data = new FormData();
    data.append("file", file, file.name || "pasted.png");
    data.append("alt_text", alt.value);
    data.append("caption", caption.value);
    data.append("credit", credit.value);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", field.dataset.uploadUrl);
    xhr.setRequestHeader("X-CSRFToken", form.querySelector('input[name="csrfmiddlewaretoken"]').value);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) progress.value = Math.round((e.loaded / e.total) * 100);
    });
    xhr.addEventListener("load", () => {
      sending = false;
      progress.hidden = true;
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON: an error page */ }
      if (xhr.status === 201) {
        hidden.value = body.id;
        let thumb = q("thumb");
        if (!thumb) {
          // The form had no picture, so no <img> (an empty src is invalid HTML).
          thumb = document.createElement("img");
          thumb.alt = "";
          thumb.dataset.mediaThumb = "";
          current.prepend(thumb);
        }
        thumb.src = body.src;
        q("alt").textContent = body.alt;
        q("caption").textContent = body.caption || "";
        current.hidden = false;
        upload.hidden = true;
        file = null;
        pending.hidden = true;
        fileInput.value = "";
        // The next picture needs its own description.
        alt.value = caption.value = credit.value = "";
        say(field.dataset.savedHint || gettext("Picture uploaded. Publish or save the post to use it."));
      } else {
        say(body.error || gettext("The upload failed (%(status)s). Try again.", { status: xhr.status }), true);
      }
    });
    xhr.addEventListener("error", () => {
      sending = false;
      progress.hidden = true;
      say(gettext("The upload did not reach the server. Check the connection and try again."), true);
    });
    sending = true;
    progress.value = 0;
    progress.hidden = false;
    say(gettext("Uploading…"));
    xhr.send(data);
  }

  fileInput.addEventListener("change", () => choose(fileInput.files[0]));
  q("send").addEventListener("click", send);
  q("remove").addEventListener("click", () => {
    hidden.value = "";
    current.hidden = true;
    showUpload();
    say(field.dataset.removedHint || gettext("Picture removed from this post. Publish or save to keep the change."));
  });
  for (const type of ["dragenter", "dragover"]) {
    drop.addEventListener(type, (e) => {
      e.preventDefault();
      drop.classList.add("media-drop--over");
    });
  }
  drop.addEventListener("dragleave", () => drop.classList.remove("media-drop--over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("media-drop--over");
    choose(e.dataTransfer.files[0]);
  });
  // A picture pasted anywhere in the form (the body editor included) becomes
  // the post's picture rather than disappearing.
  form.addEventListener("paste", (e) => {
    const picked = [...(e.clipboardData?.files || [])].find((f) => f.type.startsWith("image/"));
    if (!picked) return;
    e.preventDefault();
    if (upload.hidden) {
      say(gettext("This post already has a picture. Remove it first to use another."), true);
      return;
    }
    choose(picked);
  });
  showUpload();
}

// A file dropped outside the drop area must not navigate away from the form.
for (const type of ["dragover", "drop"]) {
  document.addEventListener(type, (e) => {
    if (!e.target.closest?.("[data-media-drop]") && e.dataTransfer?.types?.includes("Files")) e.preventDefault();
  });
}

document.querySelectorAll("[data-media-field]").forEach(setUp);
