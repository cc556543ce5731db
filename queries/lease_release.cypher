// Give a lease back, unless another holder has already taken it over.
MATCH (lease:Lease {name: $name, token: $token})
DELETE lease
