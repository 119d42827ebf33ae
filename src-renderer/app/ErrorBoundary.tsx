import { Component, type ReactNode } from 'react';

/** Keeps one broken screen from blanking the app; the message says what to do. */
export class ErrorBoundary extends Component<{ children: ReactNode; area: string }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="error-box">
        <b>The {this.props.area} could not be shown.</b> {this.state.error.message}
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
