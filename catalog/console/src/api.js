// The console's only way to the data: POST /graphql with the operations in graphql/operations,
// as any portal would. The bearer token lives in sessionStorage: gone with the tab.

const TOKEN_KEY = "cairn-token";

export class SignInNeeded extends Error {}

export function savedToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function saveToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** Runs one operation; resolves to its `data`, rejects with the server's first error. */
export async function graphql(operation, variables = {}) {
  const headers = { "content-type": "application/json", accept: "application/json" };
  const token = savedToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch("/graphql", {
    method: "POST",
    headers,
    body: JSON.stringify({ query: operation, variables }),
  });
  if (response.status === 401) throw new SignInNeeded(token ? "that token was refused" : "");
  const body = await response.json().catch(() => ({}));
  if (body.errors && body.errors.length) throw new Error(body.errors[0].message);
  if (!response.ok || !body.data) throw new Error(`the API answered HTTP ${response.status}`);
  return body.data;
}
