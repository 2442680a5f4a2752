import { mount } from 'svelte';
import App from './App.svelte';
import './styles.css';
import { prefetchTimeline } from './lib/timeline';

prefetchTimeline(location.pathname);

mount(App, { target: document.getElementById('app')! });
