// Which pods a service selects. WRight relates services to pods by matching the service's selector against pod
// labels instead of watching Endpoints: it needs no extra watch, and it also shows the pods a service WOULD route
// to that are not ready (crash-looping, starting), which is exactly what a person debugging wants to see.

export function selects(selector: Readonly<Record<string, string>> | undefined, labels: Readonly<Record<string, string>>): boolean {
  // A service without a selector (ExternalName, manually managed Endpoints) selects nothing by label.
  if (!selector) return false;
  for (const key in selector) {
    if (labels[key] !== selector[key]) return false;
  }
  return true;
}
