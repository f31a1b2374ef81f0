import { render } from 'preact';
import { App } from './app.js';
import './inbox.css';

render(<App />, document.getElementById('app')!);
