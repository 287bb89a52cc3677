// Stripe's own card field on the request form (used when STRIPE_PUBLISHABLE_KEY is set).
// Card details go from the browser to Stripe only; the form submits a PaymentMethod id.
(function () {
  function mount() {
    var el = document.getElementById("stripe-card");
    if (!el || el.dataset.mounted || !window.Stripe) return;
    el.dataset.mounted = "1";
    var stripe = window.Stripe(el.dataset.key);
    var card = stripe.elements().create("card", { hidePostalCode: true });
    card.mount(el);
    var form = el.closest("form");
    var hidden = form.querySelector("input[name=payment_method]");
    var error = document.getElementById("stripe-card-error");
    form.addEventListener("submit", function (event) {
      if (hidden.value) return; // tokenized: let the app handle the submit
      event.preventDefault();
      event.stopImmediatePropagation();
      stripe.createPaymentMethod({ type: "card", card: card }).then(function (result) {
        if (result.error) { error.textContent = result.error.message; return; }
        error.textContent = "";
        hidden.value = result.paymentMethod.id;
        form.requestSubmit();
        // A payment method confirms one payment; a resubmission needs a new one.
        setTimeout(function () { hidden.value = ""; }, 0);
      });
    }, true);
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
  new MutationObserver(load).observe(document.documentElement, { childList: true, subtree: true });
  load();
})();
