"""ACM: the certificates listeners and distributions present.

This package names the ACM type once; its declaration is certificate.py.
"""

CERTIFICATE = "AWS::CertificateManager::Certificate"
