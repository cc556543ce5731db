"""ACM Private CA: the certificate authorities that issue private certificates.

Not crawled yet; a certificate refers to its authority by this type name.
"""

CERTIFICATE_AUTHORITY = "AWS::ACMPCA::CertificateAuthority"
