// "Me" mode's small helpers. The page works without them: a chosen sentence starter is added
// by the server, and the "read it to me" button only appears where the browser can speak.

function speak(text) {
  const synth = window.speechSynthesis;
  synth.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = document.documentElement.lang || "en-GB";
  utterance.rate = 0.9;
  synth.speak(utterance);
}

function readAloudButton(container) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button govuk-button--secondary op-me__button op-me__speak";
  button.textContent = container.dataset.readAloudLabel || "Read it to me";
  button.addEventListener("click", () => {
    const question = container.querySelector("#me-question");
    const target = container.querySelector("[data-read-aloud-target]");
    const parts = [question ? question.textContent : ""];
    if (target) {
      // Each statement with its picture's name, which is in the picture's alt text, not its text.
      target.querySelectorAll("li, p").forEach((element) => {
        const picture = element.querySelector("img[alt]");
        const words = element.textContent.trim();
        parts.push(picture && picture.alt ? `${picture.alt}: ${words}` : words);
      });
    }
    speak(parts.filter(Boolean).join(". "));
  });
  return button;
}

function useStarters(container) {
  const box = container.querySelector("textarea");
  if (!box) return;
  container.querySelectorAll("input[data-starter]").forEach((radio) => {
    radio.addEventListener("change", () => {
      const start = radio.value.replace(/…$/, "").trim();
      if (!box.value.trim().toLowerCase().startsWith(start.toLowerCase())) {
        box.value = `${start} ${box.value.trim()}`.trimEnd() + " ";
      }
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
      box.dispatchEvent(new Event("input", { bubbles: true }));
    });
  });
}

export function initMeMode() {
  document.querySelectorAll("[data-me-mode]").forEach((container) => {
    useStarters(container);
    if ("speechSynthesis" in window && typeof SpeechSynthesisUtterance === "function") {
      const question = container.querySelector("#me-question");
      question.insertAdjacentElement("afterend", readAloudButton(container));
    }
  });
}
