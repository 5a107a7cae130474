/** The card's non-ready states: loading, error with retry, and not computed yet with "Compute now". */
import { Button, EmptyState, ErrorState, LoadingButton, LoadingSpinner, Text } from '@hubspot/ui-extensions';

export function AccountLoading() {
  return <LoadingSpinner label="Loading the Keyline view of this account…" layout="centered" testId="account-loading" />;
}

export function AccountError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <ErrorState title="Keyline could not load this account" testId="account-error">
      <Text>{message}</Text>
      <Button onClick={onRetry} testId="account-retry">
        Try again
      </Button>
    </ErrorState>
  );
}

export function AccountNotComputed({ computing, onCompute }: { computing: boolean; onCompute: () => void }) {
  return (
    <EmptyState title="Not computed yet" imageName="companies" layout="vertical" testId="account-not-computed">
      <Text>Keyline has not scored this company yet. The nightly sync will, or you can compute it now.</Text>
      <LoadingButton variant="primary" loading={computing} onClick={onCompute} testId="compute-now">
        Compute now
      </LoadingButton>
    </EmptyState>
  );
}
