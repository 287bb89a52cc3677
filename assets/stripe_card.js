// Stripe's own card field on the request form (used when STRIPE_PUBLISHABLE_KEY is set).
// Card details go from the browser to Stripe only; the form submits a PaymentMethod id.
// Elements are looked up when used, never kept: React may re-render any of them.
(function () {
  if (window.__bookingStripeCard) return;
  // `method` is the payment method of the card as entered now: a second tap on Send
  // finds it, so the server sees the same card and makes no second hold; anything the
  // customer types (another card, another time) makes the next send a new attempt.
  var state = (window.__bookingStripeCard = { stripe: null, card: null, method: null });

  function mount() {
    var el = document.getElementById("stripe-card");
    if (!el || el.dataset.mounted || !window.Stripe) return;
    el.dataset.mounted = "1";
    state.stripe = window.Stripe(el.dataset.key);
    state.card = state.stripe.elements().create("card", { hidePostalCode: true });
    state.card.mount(el);
    if (state.card.on) state.card.on("change", function () { state.method = null; });
  }

  function paymentMethod() {
    if (!state.method) {
      state.method = state.stripe.createPaymentMethod({ type: "card", card: state.card }).then(function (result) {
        if (result.error) state.method = null;
        return result;
      });
    }
    return state.method;
  }

  function load() {
    var el = document.getElementById("stripe-card");
    if (!el) return;
    if (window.Stripe) return mount();
    if (document.getElementById("stripe-js")) return;
    var script = document.createElement("script");
    script.id = "stripe-js";
    script.src = el.dataset.js;
    script.onload = mount;
    document.head.appendChild(script);
  }

  // Capture at the document: runs before the app's own submit handler, which it holds
  // back until Stripe has turned the card into a payment method id.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var hidden = form.querySelector && form.querySelector("input[name=payment_method]");
    if (!hidden || !form.querySelector("#stripe-card")) return;
    if (hidden.value) return; // tokenized: let the app handle this submit
    event.preventDefault();
    event.stopImmediatePropagation();
    var error = document.getElementById("stripe-card-error");
    if (!state.card) { error.textContent = "The card field is still loading."; return; }
    paymentMethod().then(function (result) {
      if (result.error) { error.textContent = result.error.message; return; }
      error.textContent = "";
      // In a new task: a submit requested while the first one is still being
      // dispatched (a promise that settles at once) would be ignored.
      setTimeout(function () {
        hidden.value = result.paymentMethod.id;
        form.requestSubmit();
        hidden.value = "";
      }, 0);
    });
  }, true);

  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("form");
    if (form && form.querySelector("#stripe-card")) state.method = null;
  }, true);

  new MutationObserver(load).observe(document.documentElement, { childList: true, subtree: true });
  load();
})();
